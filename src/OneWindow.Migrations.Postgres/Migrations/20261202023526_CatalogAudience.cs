using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CatalogAudience : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "Audience",
                table: "service_items",
                type: "text[]",
                nullable: false,
                defaultValue: new[] { "Resident" });

            migrationBuilder.AddColumn<string[]>(
                name: "Audience",
                table: "bundles",
                type: "text[]",
                nullable: false,
                defaultValue: new[] { "Resident" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Audience",
                table: "service_items");

            migrationBuilder.DropColumn(
                name: "Audience",
                table: "bundles");
        }
    }
}
