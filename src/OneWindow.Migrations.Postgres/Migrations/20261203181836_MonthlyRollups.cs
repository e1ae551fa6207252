using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
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
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Division = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Received = table.Column<int>(type: "integer", nullable: false),
                    ReceivedOnline = table.Column<int>(type: "integer", nullable: false),
                    Completed = table.Column<int>(type: "integer", nullable: false),
                    PartlyCompleted = table.Column<int>(type: "integer", nullable: false),
                    Refused = table.Column<int>(type: "integer", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    DaysUsed = table.Column<int>(type: "integer", nullable: false),
                    DaysPromised = table.Column<int>(type: "integer", nullable: false),
                    Supplements = table.Column<int>(type: "integer", nullable: false),
                    Forms = table.Column<int>(type: "integer", nullable: false),
                    FormsSeparately = table.Column<int>(type: "integer", nullable: false),
                    Materials = table.Column<int>(type: "integer", nullable: false),
                    MaterialsSeparately = table.Column<int>(type: "integer", nullable: false),
                    Trips = table.Column<int>(type: "integer", nullable: false),
                    TripsSeparately = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_month_counts", x => new { x.Day, x.Level, x.Division, x.ItemCode });
                });

            migrationBuilder.CreateTable(
                name: "month_durations",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Division = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WorkingDays = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
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
            migrationBuilder.Sql("INSERT INTO month_counts (\"Day\", \"Level\", \"Division\", \"ItemCode\", \"Received\", \"ReceivedOnline\", \"Completed\", \"PartlyCompleted\", \"Refused\", \"OnTime\", \"DaysUsed\", \"DaysPromised\", \"Supplements\", \"Forms\", \"FormsSeparately\", \"Materials\", \"MaterialsSeparately\", \"Trips\", \"TripsSeparately\") SELECT CAST(date_trunc('month', \"Day\") AS date), \"Level\", \"Division\", \"ItemCode\", SUM(\"Received\"), SUM(\"ReceivedOnline\"), SUM(\"Completed\"), SUM(\"PartlyCompleted\"), SUM(\"Refused\"), SUM(\"OnTime\"), SUM(\"DaysUsed\"), SUM(\"DaysPromised\"), SUM(\"Supplements\"), SUM(\"Forms\"), SUM(\"FormsSeparately\"), SUM(\"Materials\"), SUM(\"MaterialsSeparately\"), SUM(\"Trips\"), SUM(\"TripsSeparately\") FROM case_counts GROUP BY CAST(date_trunc('month', \"Day\") AS date), \"Level\", \"Division\", \"ItemCode\"");
            migrationBuilder.Sql("INSERT INTO month_durations (\"Day\", \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\", \"Count\") SELECT CAST(date_trunc('month', \"Day\") AS date), \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\", SUM(\"Count\") FROM case_durations GROUP BY CAST(date_trunc('month', \"Day\") AS date), \"Level\", \"Division\", \"ItemCode\", \"WorkingDays\"");
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
