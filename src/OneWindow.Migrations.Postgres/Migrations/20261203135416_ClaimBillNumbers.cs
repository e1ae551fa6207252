using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class ClaimBillNumbers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BillNumber",
                table: "cross_region_claims",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_cross_region_claims_UnitId_Hospital_BillNumber",
                table: "cross_region_claims",
                columns: new[] { "UnitId", "Hospital", "BillNumber" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_cross_region_claims_UnitId_Hospital_BillNumber",
                table: "cross_region_claims");

            migrationBuilder.DropColumn(
                name: "BillNumber",
                table: "cross_region_claims");
        }
    }
}
