using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CertificateApplicationsOnEngine : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Every certificate application becomes a case of the engine with one task — the same id for both, which
            // is also the TaskId its certificate already carries — keeping its answers, state, reviewer, reason and
            // due date, and a history of what is known: submitted, then decided. Migrated cases get a matter hash of
            // their own (the form's canonical hash cannot be computed in SQL), so the duplicate check does not
            // compare new submissions with them. A request for a supplement asks again for every answer given.
            migrationBuilder.Sql("""
                INSERT INTO applications ("Id", "BundleCode", "ItemCode", "ApplicantId", "FiledById", "Channel", "DivisionCode", "IdempotencyKey", "MatterHash", "SubjectHash",
                    "Form", "Delivery", "DeliveryAddress", "SubmittedAt", "UpdatedAt", "TimeLimitDays", "DueDate", "State", "History", "Version")
                SELECT c."Id", NULL, c."ItemCode", c."ApplicantId", c."FiledById", c."Channel", c."DivisionCode", NULL, 'legacy-' || lower(c."Id"), NULL,
                    c."Fields", 'Collect', NULL, c."SubmittedAt", c."UpdatedAt", COALESCE(c."TimeLimitDays", 0), c."DueDate",
                    CASE c."Status" WHEN 'Approved' THEN 'Completed' WHEN 'Refused' THEN 'Refused' ELSE 'InProgress' END,
                    CASE c."Status"
                        WHEN 'Submitted' THEN json_array(json_object('at', replace(c."SubmittedAt", ' ', 'T'), 'actorId', COALESCE(c."FiledById", c."ApplicantId"), 'kind', 'submitted'))
                        WHEN 'SupplementRequested' THEN json_array(
                            json_object('at', replace(c."SubmittedAt", ' ', 'T'), 'actorId', COALESCE(c."FiledById", c."ApplicantId"), 'kind', 'submitted'),
                            json_object('at', replace(c."UpdatedAt", ' ', 'T'), 'actorId', c."ReviewerId", 'kind', 'supplement-requested', 'itemCode', c."ItemCode", 'note', c."Reason"))
                        ELSE json_array(
                            json_object('at', replace(c."SubmittedAt", ' ', 'T'), 'actorId', COALESCE(c."FiledById", c."ApplicantId"), 'kind', 'submitted'),
                            json_object('at', replace(c."UpdatedAt", ' ', 'T'), 'actorId', c."ReviewerId", 'kind', lower(c."Status"), 'itemCode', c."ItemCode", 'note', c."Reason"),
                            json_object('at', replace(c."UpdatedAt", ' ', 'T'), 'kind', CASE c."Status" WHEN 'Approved' THEN 'completed' ELSE 'refused' END))
                    END,
                    c."Version"
                FROM certificate_applications c;

                INSERT INTO application_tasks ("Id", "ApplicationId", "ItemCode", "UnitId", "Channel", "Fields", "Requires", "Awaited", "Receives", "Inputs", "TimeLimitDays",
                    "State", "StartedOn", "DueDate", "PausedWorkingDays", "PausedSince", "SupplementFields", "SupplementMaterials", "HandlerId", "Result", "Reason",
                    "EscalatedAt", "EscalatedToUnitId", "Physical", "Handover", "Carrier", "TrackingNumber")
                SELECT c."Id", c."Id", c."ItemCode", c."UnitId", c."Channel", c."Fields", '[]', '[]', '[]', '{}', COALESCE(c."TimeLimitDays", 0),
                    CASE c."Status" WHEN 'Submitted' THEN 'Queued' ELSE c."Status" END,
                    date(substr(c."SubmittedAt", 1, 19), '+8 hours'), c."DueDate", 0,
                    CASE c."Status" WHEN 'SupplementRequested' THEN date(substr(c."UpdatedAt", 1, 19), '+8 hours') END,
                    CASE c."Status" WHEN 'SupplementRequested' THEN (SELECT COALESCE(json_group_array(f.key), '[]') FROM json_each(c."Fields") f) ELSE '[]' END,
                    '[]', c."ReviewerId",
                    CASE WHEN ce."Identifier" IS NULL THEN '{}' ELSE json_object('certificateIdentifier', ce."Identifier") END,
                    c."Reason", NULL, NULL, 0, 'None', NULL, NULL
                FROM certificate_applications c LEFT JOIN certificates ce ON ce."TaskId" = c."Id";
                """);

            migrationBuilder.DropTable(
                name: "certificate_applications");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "certificate_applications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CertificateId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Fields = table.Column<string>(type: "TEXT", nullable: false),
                    FiledById = table.Column<Guid>(type: "TEXT", nullable: true),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReviewerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    TimeLimitDays = table.Column<int>(type: "INTEGER", nullable: true),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_certificate_applications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_certificate_applications_ApplicantId",
                table: "certificate_applications",
                column: "ApplicantId");

            migrationBuilder.CreateIndex(
                name: "IX_certificate_applications_UnitId_Status",
                table: "certificate_applications",
                columns: new[] { "UnitId", "Status" });
        }
    }
}
