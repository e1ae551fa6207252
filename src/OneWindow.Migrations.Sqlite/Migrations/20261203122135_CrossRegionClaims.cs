using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CrossRegionClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cross_region_claims",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClerkId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InsuredRegion = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    PatientIdNumber = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    PatientName = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Hospital = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AdmittedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DischargedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    TotalAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    EligibleAmount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Scheme = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Ratio = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: true),
                    FundPays = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    PersonPays = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReadRequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RemoteReadId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SettledAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cross_region_claims", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_cross_region_claims_UnitId_SettledAt",
                table: "cross_region_claims",
                columns: new[] { "UnitId", "SettledAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cross_region_claims");
        }
    }
}
