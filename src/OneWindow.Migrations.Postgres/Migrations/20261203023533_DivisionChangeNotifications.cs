using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Submissions keep the divisions they route by in memory: a statement that writes <c>divisions</c> (an import
    /// of the national codes) notifies <c>onewindow_changes</c> like the other cached tables, so every server
    /// process stops trusting what it read.
    /// </summary>
    public partial class DivisionChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER "divisions_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "divisions"
                    FOR EACH STATEMENT EXECUTE FUNCTION onewindow_table_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "divisions_changed" ON "divisions";""");
        }
    }
}
