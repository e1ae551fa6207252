using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Ratings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "rating_counts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DivisionCode = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Department = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    VerySatisfied = table.Column<int>(type: "integer", nullable: false),
                    Satisfied = table.Column<int>(type: "integer", nullable: false),
                    Fair = table.Column<int>(type: "integer", nullable: false),
                    Dissatisfied = table.Column<int>(type: "integer", nullable: false),
                    VeryDissatisfied = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_counts", x => new { x.Day, x.UnitId, x.ItemCode });
                });

            migrationBuilder.CreateTable(
                name: "rating_indicator_sets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Scope = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    Indicators = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_indicator_sets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rating_invitations",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DueAt = table.Column<long>(type: "bigint", nullable: false),
                    InvitedAt = table.Column<long>(type: "bigint", nullable: true),
                    Skipped = table.Column<bool>(type: "boolean", nullable: false),
                    LinkId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_invitations", x => x.ApplicationId);
                });

            migrationBuilder.CreateTable(
                name: "rating_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UsedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_links", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ratings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Scores = table.Column<string>(type: "text", nullable: false),
                    IndicatorSetId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    RaterId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Units = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ratings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rectifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RatingId = table.Column<Guid>(type: "uuid", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Stage = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UnitId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OpenedAt = table.Column<long>(type: "bigint", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Finding = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    VerifiedAt = table.Column<long>(type: "bigint", nullable: true),
                    VerifiedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    CalledBackOn = table.Column<DateOnly>(type: "date", nullable: true),
                    CallbackOutcome = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    RenewedLevel = table.Column<int>(type: "integer", nullable: true),
                    CalledBackBy = table.Column<Guid>(type: "uuid", nullable: true),
                    Fix = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ClosedAt = table.Column<long>(type: "bigint", nullable: true),
                    ClosedBy = table.Column<Guid>(type: "uuid", nullable: true),
                    EscalatedAt = table.Column<long>(type: "bigint", nullable: true),
                    EscalatedToUnitId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rectifications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_rating_counts_DivisionCode_Day",
                table: "rating_counts",
                columns: new[] { "DivisionCode", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_rating_counts_ItemCode_Day",
                table: "rating_counts",
                columns: new[] { "ItemCode", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_rating_counts_UnitId_Day",
                table: "rating_counts",
                columns: new[] { "UnitId", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_rating_invitations_InvitedAt_DueAt",
                table: "rating_invitations",
                columns: new[] { "InvitedAt", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_rating_links_ApplicationId",
                table: "rating_links",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_ratings_ApplicationId_Stage_Version",
                table: "ratings",
                columns: new[] { "ApplicationId", "Stage", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ratings_CreatedAt",
                table: "ratings",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_rectifications_ApplicationId",
                table: "rectifications",
                column: "ApplicationId");

            migrationBuilder.CreateIndex(
                name: "IX_rectifications_EscalatedToUnitId",
                table: "rectifications",
                column: "EscalatedToUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_rectifications_RatingId_UnitId",
                table: "rectifications",
                columns: new[] { "RatingId", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_rectifications_State_DueDate",
                table: "rectifications",
                columns: new[] { "State", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_rectifications_UnitId_State_DueDate",
                table: "rectifications",
                columns: new[] { "UnitId", "State", "DueDate" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "rating_counts");

            migrationBuilder.DropTable(
                name: "rating_indicator_sets");

            migrationBuilder.DropTable(
                name: "rating_invitations");

            migrationBuilder.DropTable(
                name: "rating_links");

            migrationBuilder.DropTable(
                name: "ratings");

            migrationBuilder.DropTable(
                name: "rectifications");
        }
    }
}
