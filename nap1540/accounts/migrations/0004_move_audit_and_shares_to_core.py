# AuditEvent and Share now belong to core (core 0001 adopted their tables).

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_share'),
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='share',
                    name='content_type',
                ),
                migrations.RemoveField(
                    model_name='share',
                    name='group',
                ),
                migrations.RemoveField(
                    model_name='share',
                    name='shared_by',
                ),
                migrations.RemoveField(
                    model_name='share',
                    name='state',
                ),
                migrations.DeleteModel(
                    name='AuditEvent',
                ),
                migrations.DeleteModel(
                    name='Share',
                ),
            ],
        ),
    ]
