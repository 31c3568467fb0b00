"""The batch as a job a task runs: its progress, the file's hash, why it failed."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0001_import_batches"),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="error",
            field=models.TextField(blank=True, verbose_name="失败原因"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="file_hash",
            field=models.CharField(blank=True, db_index=True, max_length=64, verbose_name="文件摘要"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="progress_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="进度更新时间"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="rows_done",
            field=models.PositiveIntegerField(default=0, verbose_name="已处理行数"),
        ),
    ]
