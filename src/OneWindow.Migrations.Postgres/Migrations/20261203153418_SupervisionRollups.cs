using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SupervisionRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_counts",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Division = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Received = table.Column<int>(type: "integer", nullable: false),
                    ReceivedOnline = table.Column<int>(type: "integer", nullable: false),
                    Completed = table.Column<int>(type: "integer", nullable: false),
                    PartlyCompleted = table.Column<int>(type: "integer", nullable: false),
                    Refused = table.Column<int>(type: "integer", nullable: false),
                    OnTime = table.Column<int>(type: "integer", nullable: false),
                    DaysUsed = table.Column<int>(type: "integer", nullable: false),
                    DaysPromised = table.Column<int>(type: "integer", nullable: false),
                    Supplements = table.Column<int>(type: "integer", nullable: false),
                    Forms = table.Column<int>(type: "integer", nullable: false),
                    FormsSeparately = table.Column<int>(type: "integer", nullable: false),
                    Materials = table.Column<int>(type: "integer", nullable: false),
                    MaterialsSeparately = table.Column<int>(type: "integer", nullable: false),
                    Trips = table.Column<int>(type: "integer", nullable: false),
                    TripsSeparately = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_counts", x => new { x.Day, x.Level, x.Division, x.ItemCode });
                });

            migrationBuilder.CreateTable(
                name: "case_durations",
                columns: table => new
                {
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Division = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    ItemCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    WorkingDays = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_durations", x => new { x.Day, x.Level, x.Division, x.ItemCode, x.WorkingDays });
                });

            migrationBuilder.CreateTable(
                name: "supervision_facts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ApplicationId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_supervision_facts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_counts_Level_Division_Day",
                table: "case_counts",
                columns: new[] { "Level", "Division", "Day" });

            migrationBuilder.CreateIndex(
                name: "IX_case_durations_Level_Division_Day",
                table: "case_durations",
                columns: new[] { "Level", "Division", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_counts");

            migrationBuilder.DropTable(
                name: "case_durations");

            migrationBuilder.DropTable(
                name: "supervision_facts");
        }
    }
}
