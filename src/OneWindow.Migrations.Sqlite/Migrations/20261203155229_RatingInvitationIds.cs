using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneWindow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class RatingInvitationIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_rating_invitations",
                table: "rating_invitations");

            migrationBuilder.AddColumn<Guid>(
                name: "Id",
                table: "rating_invitations",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddPrimaryKey(
                name: "PK_rating_invitations",
                table: "rating_invitations",
                column: "Id");

            migrationBuilder.CreateIndex(
                name: "IX_rating_invitations_ApplicationId",
                table: "rating_invitations",
                column: "ApplicationId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_rating_invitations",
                table: "rating_invitations");

            migrationBuilder.DropIndex(
                name: "IX_rating_invitations_ApplicationId",
                table: "rating_invitations");

            migrationBuilder.DropColumn(
                name: "Id",
                table: "rating_invitations");

            migrationBuilder.AddPrimaryKey(
                name: "PK_rating_invitations",
                table: "rating_invitations",
                column: "ApplicationId");
        }
    }
}
