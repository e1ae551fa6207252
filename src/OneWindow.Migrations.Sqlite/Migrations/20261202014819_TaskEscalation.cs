using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class TaskEscalation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EscalatedAt",
                table: "application_tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EscalatedToUnitId",
                table: "application_tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_application_tasks_EscalatedToUnitId",
                table: "application_tasks",
                column: "EscalatedToUnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_application_tasks_EscalatedToUnitId",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "EscalatedToUnitId",
                table: "application_tasks");
        }
    }
}
