using System;
using System.Linq;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DivisionRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_month_durations_Level_Division_Day",
                table: "month_durations");

            migrationBuilder.DropIndex(
                name: "IX_month_counts_Level_Division_Day",
                table: "month_counts");

            migrationBuilder.DropIndex(
                name: "IX_case_durations_Level_Division_Day",
                table: "case_durations");

            migrationBuilder.DropIndex(
                name: "IX_case_counts_Level_Division_Day",
                table: "case_counts");

            migrationBuilder.CreateTable(
                name: "rating_division_counts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Division = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    VerySatisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    Satisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    Fair = table.Column<int>(type: "INTEGER", nullable: false),
                    Dissatisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    VeryDissatisfied = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_division_counts", x => new { x.Level, x.Division, x.Day });
                });

            migrationBuilder.CreateTable(
                name: "rating_division_month_counts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Division = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    VerySatisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    Satisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    Fair = table.Column<int>(type: "INTEGER", nullable: false),
                    Dissatisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    VeryDissatisfied = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_division_month_counts", x => new { x.Level, x.Division, x.Day });
                });

            migrationBuilder.CreateIndex(
                name: "IX_month_durations_Level_Division_ItemCode_Day",
                table: "month_durations",
                columns: new[] { "Level", "Division", "ItemCode", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_month_counts_Level_Division_Day_ItemCode",
                table: "month_counts",
                columns: new[] { "Level", "Division", "Day", "ItemCode" });

            migrationBuilder.CreateIndex(
                name: "IX_month_counts_Level_ItemCode_Division_Day",
                table: "month_counts",
                columns: new[] { "Level", "ItemCode", "Division", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_case_durations_Level_Division_ItemCode_Day",
                table: "case_durations",
                columns: new[] { "Level", "Division", "ItemCode", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_case_counts_Level_Division_Day_ItemCode",
                table: "case_counts",
                columns: new[] { "Level", "Division", "Day", "ItemCode" });

            migrationBuilder.CreateIndex(
                name: "IX_case_counts_Level_ItemCode_Division_Day",
                table: "case_counts",
                columns: new[] { "Level", "ItemCode", "Division", "Day" });

            // The all-items rows and the ratings by division, from what was already counted.
            foreach (var sql in OneWindow.Supervision.RollupBackfill.AllItems().Concat(OneWindow.Supervision.RollupBackfill.RatingDivisions()))
            {
                migrationBuilder.Sql(sql);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "case_counts", "month_counts", "case_durations", "month_durations" })
            {
                migrationBuilder.Sql($"DELETE FROM {table} WHERE \"ItemCode\" = '{OneWindow.Supervision.CaseRollup.AllItems}'");
            }

            migrationBuilder.DropTable(
                name: "rating_division_counts");

            migrationBuilder.DropTable(
                name: "rating_division_month_counts");

            migrationBuilder.DropIndex(
                name: "IX_month_durations_Level_Division_ItemCode_Day",
                table: "month_durations");

            migrationBuilder.DropIndex(
                name: "IX_month_counts_Level_Division_Day_ItemCode",
                table: "month_counts");

            migrationBuilder.DropIndex(
                name: "IX_month_counts_Level_ItemCode_Division_Day",
                table: "month_counts");

            migrationBuilder.DropIndex(
                name: "IX_case_durations_Level_Division_ItemCode_Day",
                table: "case_durations");

            migrationBuilder.DropIndex(
                name: "IX_case_counts_Level_Division_Day_ItemCode",
                table: "case_counts");

            migrationBuilder.DropIndex(
                name: "IX_case_counts_Level_ItemCode_Division_Day",
                table: "case_counts");

            migrationBuilder.CreateIndex(
                name: "IX_month_durations_Level_Division_Day",
                table: "month_durations",
                columns: new[] { "Level", "Division", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_month_counts_Level_Division_Day",
                table: "month_counts",
                columns: new[] { "Level", "Division", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_case_durations_Level_Division_Day",
                table: "case_durations",
                columns: new[] { "Level", "Division", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_case_counts_Level_Division_Day",
                table: "case_counts",
                columns: new[] { "Level", "Division", "Day" });
        }
    }
}
