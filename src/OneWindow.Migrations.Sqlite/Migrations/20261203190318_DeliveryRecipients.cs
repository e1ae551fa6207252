using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DeliveryRecipients : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notification_deliveries_NotificationId_Channel",
                table: "notification_deliveries");

            migrationBuilder.AddColumn<Guid>(
                name: "RecipientId",
                table: "notification_deliveries",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            // Deliveries so far were all to the notification's person.
            migrationBuilder.Sql("UPDATE notification_deliveries SET \"RecipientId\" = (SELECT n.\"RecipientId\" FROM notifications n WHERE n.\"Id\" = notification_deliveries.\"NotificationId\") WHERE EXISTS (SELECT 1 FROM notifications n WHERE n.\"Id\" = notification_deliveries.\"NotificationId\" AND n.\"RecipientId\" IS NOT NULL)");

            migrationBuilder.CreateIndex(
                name: "IX_notification_deliveries_NotificationId_Channel_RecipientId",
                table: "notification_deliveries",
                columns: new[] { "NotificationId", "Channel", "RecipientId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notification_deliveries_NotificationId_Channel_RecipientId",
                table: "notification_deliveries");

            migrationBuilder.DropColumn(
                name: "RecipientId",
                table: "notification_deliveries");

            migrationBuilder.CreateIndex(
                name: "IX_notification_deliveries_NotificationId_Channel",
                table: "notification_deliveries",
                columns: new[] { "NotificationId", "Channel" },
                unique: true);
        }
    }
}
