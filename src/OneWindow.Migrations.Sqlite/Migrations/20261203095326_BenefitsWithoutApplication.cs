using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class BenefitsWithoutApplication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "benefit_grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RuleCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SubjectHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PersonId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    Explanation = table.Column<string>(type: "TEXT", nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SettledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SettledBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    Objection = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_benefit_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "proactive_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    EventId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeasedUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_proactive_events", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_benefit_grants_PersonId",
                table: "benefit_grants",
                column: "PersonId");

            migrationBuilder.CreateIndex(
                name: "IX_benefit_grants_RuleCode_EventId_SubjectHash",
                table: "benefit_grants",
                columns: new[] { "RuleCode", "EventId", "SubjectHash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_benefit_grants_SubjectHash",
                table: "benefit_grants",
                column: "SubjectHash");

            migrationBuilder.CreateIndex(
                name: "IX_benefit_grants_UnitId_State",
                table: "benefit_grants",
                columns: new[] { "UnitId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_proactive_events_Kind_EventId",
                table: "proactive_events",
                columns: new[] { "Kind", "EventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_proactive_events_ProcessedAt_LeasedUntil",
                table: "proactive_events",
                columns: new[] { "ProcessedAt", "LeasedUntil" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "benefit_grants");

            migrationBuilder.DropTable(
                name: "proactive_events");
        }
    }
}
