using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LedgerEntryBundles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ledger_bundles",
                columns: table => new
                {
                    idx = table.Column<long>(type: "bigint", nullable: false),
                    data = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_bundles", x => x.idx);
                });

            // Move every entry's bytes into its bundle (C2SP tlog-tiles entry bundles: big-endian
            // uint16 length, then the bytes; 256 entries per bundle) before the column goes.
            migrationBuilder.Sql("""
                INSERT INTO ledger_bundles (idx, data)
                SELECT idx / 256, string_agg(substring(int4send(length(input)) from 3 for 2) || input, ''::bytea ORDER BY idx)
                FROM ledger_entries GROUP BY idx / 256;
                """);

            migrationBuilder.DropColumn(
                name: "input",
                table: "ledger_entries");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The entries' bytes now live only in the bundles; taking them back out is not supported.
            throw new NotSupportedException("The ledger's entry bundles cannot be migrated back to per-entry rows; restore a backup taken before this migration.");
        }
    }
}
