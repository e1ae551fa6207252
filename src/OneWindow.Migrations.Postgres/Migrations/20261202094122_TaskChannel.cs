using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <summary>Each task keeps its case's channel (the queue filters by it on the task rows); existing tasks take their case's.</summary>
    public partial class TaskChannel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "application_tasks",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""
                UPDATE application_tasks SET "Channel" = (SELECT a."Channel" FROM applications a WHERE a."Id" = application_tasks."ApplicationId");
                """);

            migrationBuilder.CreateIndex(
                name: "IX_application_tasks_UnitId_Channel_State_DueDate",
                table: "application_tasks",
                columns: new[] { "UnitId", "Channel", "State", "DueDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_application_tasks_UnitId_Channel_State_DueDate",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "application_tasks");
        }
    }
}
