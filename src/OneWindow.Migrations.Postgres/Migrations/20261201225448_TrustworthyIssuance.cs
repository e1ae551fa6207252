using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TrustworthyIssuance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "SupervisingUnitId",
                table: "units",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "AcrossRegions",
                table: "service_items",
                type: "boolean",
                nullable: false,
                defaultValue: false);

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

            // Certificates now carry their ledger entry's leaf hash (the entry may still be in the outbox);
            // existing rows take it from the entry their index pointed at.
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

            migrationBuilder.AddColumn<string>(
                name: "VerificationCode",
                table: "certificates",
                type: "character varying(12)",
                maxLength: 12,
                nullable: false,
                defaultValue: "");

            // Certificates issued before verification codes get one (hex digits are in the code alphabet);
            // their PDFs are rendered afresh, with the code and the short QR link, on the next download.
            migrationBuilder.Sql("UPDATE certificates SET \"VerificationCode\" = upper(substr(replace(gen_random_uuid()::text, '-', ''), 1, 12))");

            migrationBuilder.AddColumn<int>(
                name: "TimeLimitDays",
                table: "certificate_applications",
                type: "integer",
                nullable: true);

            // Applications accepted without a due date (their year's calendar was missing) take the item's time limit,
            // so their due dates are computed once that calendar is imported.
            migrationBuilder.Sql("UPDATE certificate_applications SET \"TimeLimitDays\" = (SELECT i.\"TimeLimitDays\" FROM service_items i WHERE i.\"Code\" = certificate_applications.\"ItemCode\")");

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "certificate_applications",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "certificate_pdfs",
                columns: table => new
                {
                    CertificateId = table.Column<Guid>(type: "uuid", nullable: false),
                    Pdf = table.Column<byte[]>(type: "bytea", nullable: false),
                    RenderedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificate_pdfs", x => x.CertificateId);
                    table.ForeignKey(
                        name: "FK_certificate_pdfs_certificates_CertificateId",
                        column: x => x.CertificateId,
                        principalTable: "certificates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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
                name: "IX_units_SupervisingUnitId",
                table: "units",
                column: "SupervisingUnitId");

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

            migrationBuilder.AddForeignKey(
                name: "FK_units_units_SupervisingUnitId",
                table: "units",
                column: "SupervisingUnitId",
                principalTable: "units",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Certificates no longer record a ledger index (their entry may be sequenced after they commit).
            throw new NotSupportedException("Exactly-once issuance cannot be migrated back; restore a backup taken before this migration.");
        }
    }
}
