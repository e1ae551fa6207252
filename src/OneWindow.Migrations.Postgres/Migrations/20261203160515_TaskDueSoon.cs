using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TaskDueSoon : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DueSoonNotifiedAt",
                table: "application_tasks",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DueSoonNotifiedAt",
                table: "application_tasks");
        }
    }
}
