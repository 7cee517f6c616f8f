using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Coloring.Domain.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddStudioSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Background",
                table: "jobs",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Auto");

            migrationBuilder.AddColumn<double>(
                name: "CropBottom",
                table: "jobs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "CropLeft",
                table: "jobs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "CropRight",
                table: "jobs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "CropTop",
                table: "jobs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "Detail",
                table: "jobs",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<double>(
                name: "SubjectBottom",
                table: "jobs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SubjectLeft",
                table: "jobs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SubjectRight",
                table: "jobs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SubjectTop",
                table: "jobs",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Turns",
                table: "jobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Background",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "CropBottom",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "CropLeft",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "CropRight",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "CropTop",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "Detail",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "SubjectBottom",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "SubjectLeft",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "SubjectRight",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "SubjectTop",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "Turns",
                table: "jobs");
        }
    }
}
