using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OneSubscriptionPerGrant : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_data_subscriptions_GrantId",
                table: "data_subscriptions");

            migrationBuilder.CreateIndex(
                name: "IX_data_subscriptions_GrantId_Active",
                table: "data_subscriptions",
                column: "GrantId",
                unique: true,
                filter: "\"Active\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_data_subscriptions_GrantId_Active",
                table: "data_subscriptions");

            migrationBuilder.CreateIndex(
                name: "IX_data_subscriptions_GrantId",
                table: "data_subscriptions",
                column: "GrantId");
        }
    }
}
