using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class OrganisationAccounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AgentIdNumber",
                table: "AspNetUsers",
                type: "character varying(18)",
                maxLength: 18,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CreditCode",
                table: "AspNetUsers",
                type: "character varying(18)",
                maxLength: 18,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrganisationName",
                table: "AspNetUsers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_CreditCode",
                table: "AspNetUsers",
                column: "CreditCode",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_CreditCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "AgentIdNumber",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "CreditCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "OrganisationName",
                table: "AspNetUsers");
        }
    }
}
