"""The batch statuses a task works in (queued, checking, importing): choices only."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("history", "0002_import_job_progress"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importbatch",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "排队中"),
                    ("checking", "正在检查"),
                    ("importing", "正在导入"),
                    ("validated", "有误，待处理"),
                    ("done", "已导入"),
                    ("failed", "导入失败"),
                    ("cancelled", "已取消"),
                ],
                default="queued",
                max_length=16,
                verbose_name="状态",
            ),
        ),
    ]
