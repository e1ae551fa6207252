using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
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
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DivisionCode = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Department = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    VerySatisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    Satisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    Fair = table.Column<int>(type: "INTEGER", nullable: false),
                    Dissatisfied = table.Column<int>(type: "INTEGER", nullable: false),
                    VeryDissatisfied = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_counts", x => new { x.Day, x.UnitId, x.ItemCode });
                });

            migrationBuilder.CreateTable(
                name: "rating_indicator_sets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    EffectiveFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Indicators = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_indicator_sets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rating_invitations",
                columns: table => new
                {
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    InvitedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Skipped = table.Column<bool>(type: "INTEGER", nullable: false),
                    LinkId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_invitations", x => x.ApplicationId);
                });

            migrationBuilder.CreateTable(
                name: "rating_links",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rating_links", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ratings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Scores = table.Column<string>(type: "TEXT", nullable: false),
                    IndicatorSetId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RaterId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Units = table.Column<string>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ContentHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ratings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "rectifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RatingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UnitId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Finding = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    VerifiedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    VerifiedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    CalledBackOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CallbackOutcome = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RenewedLevel = table.Column<int>(type: "INTEGER", nullable: true),
                    CalledBackBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    Fix = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosedBy = table.Column<Guid>(type: "TEXT", nullable: true),
                    EscalatedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EscalatedToUnitId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
