using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseDelivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Delivery",
                table: "applications",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Collect");

            migrationBuilder.AddColumn<string>(
                name: "DeliveryAddress",
                table: "applications",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Carrier",
                table: "application_tasks",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Handover",
                table: "application_tasks",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<bool>(
                name: "Physical",
                table: "application_tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "TrackingNumber",
                table: "application_tasks",
                type: "TEXT",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Delivery",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "DeliveryAddress",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "Carrier",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "Handover",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "Physical",
                table: "application_tasks");

            migrationBuilder.DropColumn(
                name: "TrackingNumber",
                table: "application_tasks");
        }
    }
}
