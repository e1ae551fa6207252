using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SupervisionRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_counts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Division = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Received = table.Column<int>(type: "INTEGER", nullable: false),
                    ReceivedOnline = table.Column<int>(type: "INTEGER", nullable: false),
                    Completed = table.Column<int>(type: "INTEGER", nullable: false),
                    PartlyCompleted = table.Column<int>(type: "INTEGER", nullable: false),
                    Refused = table.Column<int>(type: "INTEGER", nullable: false),
                    OnTime = table.Column<int>(type: "INTEGER", nullable: false),
                    DaysUsed = table.Column<int>(type: "INTEGER", nullable: false),
                    DaysPromised = table.Column<int>(type: "INTEGER", nullable: false),
                    Supplements = table.Column<int>(type: "INTEGER", nullable: false),
                    Forms = table.Column<int>(type: "INTEGER", nullable: false),
                    FormsSeparately = table.Column<int>(type: "INTEGER", nullable: false),
                    Materials = table.Column<int>(type: "INTEGER", nullable: false),
                    MaterialsSeparately = table.Column<int>(type: "INTEGER", nullable: false),
                    Trips = table.Column<int>(type: "INTEGER", nullable: false),
                    TripsSeparately = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_counts", x => new { x.Day, x.Level, x.Division, x.ItemCode });
                });

            migrationBuilder.CreateTable(
                name: "case_durations",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Division = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    WorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_durations", x => new { x.Day, x.Level, x.Division, x.ItemCode, x.WorkingDays });
                });

            migrationBuilder.CreateTable(
                name: "supervision_facts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_facts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_counts_Level_Division_Day",
                table: "case_counts",
                columns: new[] { "Level", "Division", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_case_durations_Level_Division_Day",
                table: "case_durations",
                columns: new[] { "Level", "Division", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_counts");

            migrationBuilder.DropTable(
                name: "case_durations");

            migrationBuilder.DropTable(
                name: "supervision_facts");
        }
    }
}
