using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class VerificationCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "certificate_pdfs");

            migrationBuilder.DropColumn(
                name: "VerificationCode",
                table: "certificates");
        }
    }
}
