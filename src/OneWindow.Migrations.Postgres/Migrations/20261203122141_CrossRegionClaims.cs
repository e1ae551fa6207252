using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClerkId = table.Column<Guid>(type: "uuid", nullable: false),
                    InsuredRegion = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    PatientIdNumber = table.Column<string>(type: "character varying(18)", maxLength: 18, nullable: false),
                    PatientName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Hospital = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AdmittedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DischargedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    TotalAmount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    EligibleAmount = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Scheme = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Ratio = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: true),
                    FundPays = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    PersonPays = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ReadRequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    RemoteReadId = table.Column<Guid>(type: "uuid", nullable: true),
                    SettledAt = table.Column<long>(type: "bigint", nullable: false)
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
