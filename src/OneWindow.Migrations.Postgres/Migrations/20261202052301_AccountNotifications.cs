using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <summary>
    /// Every committed statement that updates or deletes accounts notifies the channel
    /// <c>onewindow_accounts</c>, so that each server process drops the accounts its session check keeps.
    /// </summary>
    public partial class AccountNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION onewindow_accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('onewindow_accounts', '');
                    RETURN NULL;
                END
                $$;
                CREATE TRIGGER accounts_changed AFTER UPDATE OR DELETE ON "AspNetUsers"
                    FOR EACH STATEMENT EXECUTE FUNCTION onewindow_accounts_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER accounts_changed ON "AspNetUsers";
                DROP FUNCTION onewindow_accounts_changed();
                """);
        }
    }
}
