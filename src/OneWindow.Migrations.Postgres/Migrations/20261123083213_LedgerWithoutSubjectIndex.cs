using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LedgerWithoutSubjectIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_ledger_entries_subject",
                table: "ledger_entries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_subject",
                table: "ledger_entries",
                columns: new[] { "subject", "idx" });
        }
    }
}
