using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PendingDueDates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "TimeLimitDays",
                table: "certificate_applications",
                type: "INTEGER",
                nullable: true);

            // Applications accepted without a due date (their year's calendar was missing) take the item's time limit,
            // so their due dates are computed once that calendar is imported.
            migrationBuilder.Sql("UPDATE certificate_applications SET \"TimeLimitDays\" = (SELECT i.\"TimeLimitDays\" FROM service_items i WHERE i.\"Code\" = certificate_applications.\"ItemCode\")");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TimeLimitDays",
                table: "certificate_applications");
        }
    }
}
