using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ChangeSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "TaskId",
                table: "webhook_messages",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<Guid>(
                name: "ApplicationId",
                table: "webhook_messages",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "ContentType",
                table: "webhook_messages",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "RecordId",
                table: "webhook_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Sequence",
                table: "webhook_messages",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SubscriptionId",
                table: "webhook_messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "data_subscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CancelledBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    CancelledAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_subscriptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_data_subscriptions_data_grants_GrantId",
                        column: x => x.GrantId,
                        principalTable: "data_grants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_messages_RecordId",
                table: "webhook_messages",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_messages_SubscriptionId_Sequence",
                table: "webhook_messages",
                columns: new[] { "SubscriptionId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_data_subscriptions_GrantId",
                table: "data_subscriptions",
                column: "GrantId");

            migrationBuilder.CreateIndex(
                name: "IX_data_subscriptions_ItemCode_Active",
                table: "data_subscriptions",
                columns: new[] { "ItemCode", "Active" });

            migrationBuilder.CreateIndex(
                name: "IX_data_subscriptions_UnitId",
                table: "data_subscriptions",
                column: "UnitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "data_subscriptions");

            migrationBuilder.DropIndex(
                name: "IX_webhook_messages_RecordId",
                table: "webhook_messages");

            migrationBuilder.DropIndex(
                name: "IX_webhook_messages_SubscriptionId_Sequence",
                table: "webhook_messages");

            migrationBuilder.DropColumn(
                name: "ContentType",
                table: "webhook_messages");

            migrationBuilder.DropColumn(
                name: "RecordId",
                table: "webhook_messages");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "webhook_messages");

            migrationBuilder.DropColumn(
                name: "SubscriptionId",
                table: "webhook_messages");

            migrationBuilder.AlterColumn<Guid>(
                name: "TaskId",
                table: "webhook_messages",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "ApplicationId",
                table: "webhook_messages",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
