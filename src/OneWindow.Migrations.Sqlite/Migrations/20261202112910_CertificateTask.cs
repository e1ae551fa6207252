using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CertificateTask : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "ApplicationId",
                table: "certificates",
                newName: "TaskId");

            migrationBuilder.RenameIndex(
                name: "IX_certificates_ApplicationId",
                table: "certificates",
                newName: "IX_certificates_TaskId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "TaskId",
                table: "certificates",
                newName: "ApplicationId");

            migrationBuilder.RenameIndex(
                name: "IX_certificates_TaskId",
                table: "certificates",
                newName: "IX_certificates_ApplicationId");
        }
    }
}
