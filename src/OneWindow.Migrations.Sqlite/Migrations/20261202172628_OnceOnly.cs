using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OnceOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "ConsentId",
                table: "applications",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Prefilled",
                table: "applications",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<Guid>(
                name: "ReadId",
                table: "application_materials",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SharedItem",
                table: "application_materials",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SharedVersion",
                table: "application_materials",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "data_consents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GivenAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Reads = table.Column<string>(type: "TEXT", nullable: false),
                    Digests = table.Column<string>(type: "TEXT", nullable: false),
                    Sources = table.Column<string>(type: "TEXT", nullable: false),
                    UsedFor = table.Column<Guid>(type: "TEXT", nullable: true),
                    UsedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LedgerLeafHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_consents", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_applications_ConsentId",
                table: "applications",
                column: "ConsentId",
                unique: true,
                filter: "\"ConsentId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_data_consents_PersonId",
                table: "data_consents",
                column: "PersonId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_consents");

            migrationBuilder.DropIndex(
                name: "IX_applications_ConsentId",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ConsentId",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "Prefilled",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "ReadId",
                table: "application_materials");

            migrationBuilder.DropColumn(
                name: "SharedItem",
                table: "application_materials");

            migrationBuilder.DropColumn(
                name: "SharedVersion",
                table: "application_materials");
        }
    }
}
