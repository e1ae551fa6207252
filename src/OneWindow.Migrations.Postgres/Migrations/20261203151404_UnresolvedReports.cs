using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class UnresolvedReports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "unresolved_reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TrackingNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReporterId = table.Column<Guid>(type: "uuid", nullable: true),
                    FiledById = table.Column<Guid>(type: "uuid", nullable: true),
                    ReporterName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Tried = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: true),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: true),
                    OwnerDivision = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    OwnerTitle = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubmittedAt = table.Column<long>(type: "bigint", nullable: false),
                    TimeLimitDays = table.Column<int>(type: "integer", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Escalations = table.Column<int>(type: "integer", nullable: false),
                    EscalatedAt = table.Column<long>(type: "bigint", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ResolvedAt = table.Column<long>(type: "bigint", nullable: true),
                    ResolvedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    Rating = table.Column<int>(type: "integer", nullable: true),
                    RatedAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unresolved_reports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_unresolved_reports_OwnerDivision_State_DueDate",
                table: "unresolved_reports",
                columns: new[] { "OwnerDivision", "State", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_unresolved_reports_ReporterId_SubmittedAt",
                table: "unresolved_reports",
                columns: new[] { "ReporterId", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_unresolved_reports_State_DueDate",
                table: "unresolved_reports",
                columns: new[] { "State", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_unresolved_reports_TrackingNumber",
                table: "unresolved_reports",
                column: "TrackingNumber",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unresolved_reports");
        }
    }
}
