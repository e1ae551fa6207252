using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DepartmentSystems : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "department_endpoints",
                columns: table => new
                {
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    EncryptedSecret = table.Column<byte[]>(type: "bytea", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    RegisteredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RegisteredBy = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_department_endpoints", x => x.UnitId);
                    table.ForeignKey(
                        name: "FK_department_endpoints_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_messages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    TaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: false),
                    LeasedUntil = table.Column<long>(type: "bigint", nullable: true),
                    LeasedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DeliveredAt = table.Column<long>(type: "bigint", nullable: true),
                    LastStatus = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_messages", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_messages_State_DueAt",
                table: "webhook_messages",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_messages_TaskId",
                table: "webhook_messages",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_messages_UnitId_State",
                table: "webhook_messages",
                columns: new[] { "UnitId", "State" });

            // The endpoints are kept in memory by every server process (which units to stage messages for):
            // a change notifies them, as for the other watched tables (see ChangeNotifications).
            migrationBuilder.Sql("""
                CREATE TRIGGER "department_endpoints_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "department_endpoints"
                    FOR EACH STATEMENT EXECUTE FUNCTION onewindow_table_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "department_endpoints_changed" ON "department_endpoints";""");
            migrationBuilder.DropTable(
                name: "department_endpoints");

            migrationBuilder.DropTable(
                name: "webhook_messages");
        }
    }
}
