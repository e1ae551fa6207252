using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseSubject : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubjectKey",
                table: "bundles",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "SubjectHash",
                table: "applications",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_applications_SubjectHash",
                table: "applications",
                column: "SubjectHash",
                unique: true,
                filter: "\"SubjectHash\" IS NOT NULL AND \"State\" IN ('InProgress', 'Completed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_applications_SubjectHash",
                table: "applications");

            migrationBuilder.DropColumn(
                name: "SubjectKey",
                table: "bundles");

            migrationBuilder.DropColumn(
                name: "SubjectHash",
                table: "applications");
        }
    }
}
