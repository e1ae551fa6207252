using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseMatterHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MatterHash",
                table: "applications",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Cases made before this migration get a value of their own (their id), so the unique index holds;
            // they are not matched as duplicates of later submissions.
            migrationBuilder.Sql("UPDATE applications SET \"MatterHash\" = \"Id\"");

            migrationBuilder.CreateIndex(
                name: "IX_applications_ApplicantId_MatterHash",
                table: "applications",
                columns: new[] { "ApplicantId", "MatterHash" },
                unique: true,
                filter: "\"State\" = 'InProgress'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_applications_ApplicantId_MatterHash",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "MatterHash",
                table: "applications");
        }
    }
}
