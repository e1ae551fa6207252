using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ExactlyOnceIssuance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Certificates now carry their ledger entry's leaf hash (the entry may still be in the outbox);
            // existing rows take it from the entry their index pointed at.
            migrationBuilder.AddColumn<byte[]>(
                name: "LedgerLeafHash",
                table: "certificates",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            migrationBuilder.AddColumn<byte[]>(
                name: "RevocationLeafHash",
                table: "certificates",
                type: "bytea",
                nullable: true);

            migrationBuilder.Sql("UPDATE certificates SET \"LedgerLeafHash\" = (SELECT e.leaf_hash FROM ledger_entries e WHERE e.idx = certificates.\"LedgerIndex\") WHERE EXISTS (SELECT 1 FROM ledger_entries e WHERE e.idx = certificates.\"LedgerIndex\")");
            migrationBuilder.Sql("UPDATE certificates SET \"RevocationLeafHash\" = (SELECT e.leaf_hash FROM ledger_entries e WHERE e.idx = certificates.\"RevocationLedgerIndex\") WHERE \"RevocationLedgerIndex\" IS NOT NULL");

            migrationBuilder.DropColumn(
                name: "LedgerIndex",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "RevocationLedgerIndex",
                table: "certificates");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "certificates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "certificate_applications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "ledger_outbox",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subject = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    input = table.Column<byte[]>(type: "bytea", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_outbox", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_seals_one_pending_per_unit",
                table: "seals",
                column: "UnitId",
                unique: true,
                filter: "\"Status\" = 'Submitted'");

            migrationBuilder.CreateIndex(
                name: "IX_certificates_ApplicationId",
                table: "certificates",
                column: "ApplicationId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Certificates no longer record a ledger index (their entry may be sequenced after they commit).
            throw new NotSupportedException("Exactly-once issuance cannot be migrated back; restore a backup taken before this migration.");
        }
    }
}
