using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RatingMonthCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rating_month_counts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Department = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    VerySatisfied = table.Column<int>(type: "integer", nullable: false),
                    Satisfied = table.Column<int>(type: "integer", nullable: false),
                    Fair = table.Column<int>(type: "integer", nullable: false),
                    Dissatisfied = table.Column<int>(type: "integer", nullable: false),
                    VeryDissatisfied = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_month_counts", x => new { x.Day, x.UnitId, x.ItemCode });
                });

            migrationBuilder.CreateIndex(
                name: "IX_rating_month_counts_DivisionCode_Day",
                table: "rating_month_counts",
                columns: new[] { "DivisionCode", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_rating_month_counts_ItemCode_Day",
                table: "rating_month_counts",
                columns: new[] { "ItemCode", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_rating_month_counts_UnitId_Day",
                table: "rating_month_counts",
                columns: new[] { "UnitId", "Day" });

            // The months of what was already counted by day.
            migrationBuilder.Sql("INSERT INTO rating_month_counts (\"Day\", \"UnitId\", \"ItemCode\", \"DivisionCode\", \"Department\", \"VerySatisfied\", \"Satisfied\", \"Fair\", \"Dissatisfied\", \"VeryDissatisfied\") SELECT CAST(date_trunc('month', \"Day\") AS date), \"UnitId\", \"ItemCode\", MIN(\"DivisionCode\"), MIN(\"Department\"), SUM(\"VerySatisfied\"), SUM(\"Satisfied\"), SUM(\"Fair\"), SUM(\"Dissatisfied\"), SUM(\"VeryDissatisfied\") FROM rating_counts GROUP BY CAST(date_trunc('month', \"Day\") AS date), \"UnitId\", \"ItemCode\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rating_month_counts");
        }
    }
}
