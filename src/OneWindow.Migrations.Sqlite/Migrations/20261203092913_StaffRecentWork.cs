using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StaffRecentWork : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "LastActedAt",
                table: "application_tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<Guid>(
                name: "LastActorId",
                table: "application_tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SupplementAnsweredAt",
                table: "application_tasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_application_tasks_LastActorId_LastActedAt",
                table: "application_tasks",
                columns: new[] { "LastActorId", "LastActedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_application_tasks_LastActorId_LastActedAt",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "LastActedAt",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "LastActorId",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "SupplementAnsweredAt",
                table: "application_tasks");
        }
    }
}
