using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MonthlyRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "month_counts",
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
                    table.PrimaryKey("PK_month_counts", x => new { x.Day, x.Level, x.Division, x.ItemCode });
                });

            migrationBuilder.CreateTable(
                name: "month_durations",
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
                    table.PrimaryKey("PK_month_durations", x => new { x.Day, x.Level, x.Division, x.ItemCode, x.WorkingDays });
                });

            migrationBuilder.CreateIndex(
                name: "IX_month_counts_Level_Division_Day",
                table: "month_counts",
                columns: new[] { "Level", "Division", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_month_durations_Level_Division_Day",
                table: "month_durations",
                columns: new[] { "Level", "Division", "Day" });

            // The months of what was already counted by day.
            migrationBuilder.Sql("INSERT INTO month_counts (\"Day\", \"Level\", \"Division\", \"ItemCode\", \"Received\", \"ReceivedOnline\", \"Completed\", \"PartlyCompleted\", \"Refused\", \"OnTime\", \"DaysUsed\", \"DaysPromised\", \"Supplements\", \"Forms\", \"FormsSeparately\", \"Materials\", \"MaterialsSeparately\", \"Trips\", \"TripsSeparately\") SELECT substr(\"Day\", 1, 8) || '01', \"Level\", \"Division\", \"ItemCode\", SUM(\"Received\"), SUM(\"ReceivedOnline\"), SUM(\"Completed\"), SUM(\"PartlyCompleted\"), SUM(\"Refused\"), SUM(\"OnTime\"), SUM(\"DaysUsed\"), SUM(\"DaysPromised\"), SUM(\"Supplements\"), SUM(\"Forms\"), SUM(\"FormsSeparately\"), SUM(\"Materials\"), SUM(\"MaterialsSeparately\"), SUM(\"Trips\"), SUM(\"TripsSeparately\") FROM case_counts GROUP BY substr(\"Day\", 1, 8) || '01', \"Level\", \"Division\", \"ItemCode\"");
            migrationBuilder.Sql("INSERT INTO month_durations (\"Day\", \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\", \"Count\") SELECT substr(\"Day\", 1, 8) || '01', \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\", SUM(\"Count\") FROM case_durations GROUP BY substr(\"Day\", 1, 8) || '01', \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "month_counts");

            migrationBuilder.DropTable(
                name: "month_durations");
        }
    }
}
