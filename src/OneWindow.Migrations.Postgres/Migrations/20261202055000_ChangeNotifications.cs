using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Every committed statement that writes a table kept in memory by the server (accounts, seals, signature
    /// specimens, units, service items, bundles) notifies the channel <c>onewindow_changes</c> with the
    /// table's name, so that every server process stops trusting what it read from that table.
    /// </summary>
    public partial class ChangeNotifications : Migration
    {
        private static readonly string[] Tables = ["AspNetUsers", "seals", "signature_specimens", "units", "service_items", "bundles"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION onewindow_table_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('onewindow_changes', TG_TABLE_NAME);
                    RETURN NULL;
                END
                $$;
                """);
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER "{table}_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}"
                        FOR EACH STATEMENT EXECUTE FUNCTION onewindow_table_changed();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables)
            {
                migrationBuilder.Sql($"""DROP TRIGGER "{table}_changed" ON "{table}";""");
            }
            migrationBuilder.Sql("DROP FUNCTION onewindow_table_changed();");
        }
    }
}
