using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class NotificationPreferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notifications_RecipientId_Key",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "AspNetUsers");

            migrationBuilder.AlterColumn<Guid>(
                name: "RecipientId",
                table: "notifications",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            migrationBuilder.AddColumn<Guid>(
                name: "RecipientUnitId",
                table: "notifications",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notification_preferences", x => x.AccountId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_notifications_RecipientUnitId_CreatedAt",
                table: "notifications",
                columns: new[] { "RecipientUnitId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropIndex(
                name: "IX_notifications_RecipientUnitId_CreatedAt",
                table: "notifications");

            migrationBuilder.DropColumn(
                name: "RecipientUnitId",
                table: "notifications");

            migrationBuilder.AlterColumn<Guid>(
                name: "RecipientId",
                table: "notifications",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "AspNetUsers",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_notifications_RecipientId_Key",
                table: "notifications",
                columns: new[] { "RecipientId", "Key" },
                unique: true);
        }
    }
}
