using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
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
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Collect");

            migrationBuilder.AddColumn<string>(
                name: "DeliveryAddress",
                table: "applications",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Carrier",
                table: "application_tasks",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Handover",
                table: "application_tasks",
                type: "character varying(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<bool>(
                name: "Physical",
                table: "application_tasks",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "TrackingNumber",
                table: "application_tasks",
                type: "character varying(40)",
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
