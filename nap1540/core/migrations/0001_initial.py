# The audit log and shares move from accounts to core, table and all. The tables are
# adopted as they are (state only), then renamed to core's names.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('registry', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ('accounts', '0003_share'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AuditEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(db_index=True, max_length=64)),
                        ('target_type', models.CharField(max_length=64)),
                        ('target_id', models.CharField(max_length=64)),
                        ('target_repr', models.CharField(blank=True, max_length=300)),
                        ('data', models.JSONField(blank=True, default=dict)),
                        ('created_at', models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                        ('state', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to='registry.state')),
                    ],
                    options={
                        'ordering': ['-created_at', '-id'],
                        'db_table': 'accounts_auditevent',
                        'indexes': [models.Index(fields=['target_type', 'target_id'], name='accounts_au_target__6d660f_idx')],
                    },
                ),
                migrations.CreateModel(
                    name='Share',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('shared_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='shared on')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype')),
                        ('group', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='registry.group', verbose_name='through the group')),
                        ('shared_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('state', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='registry.state', verbose_name='State')),
                    ],
                    options={
                        'verbose_name': 'share',
                        'db_table': 'accounts_share',
                        'ordering': ['content_type', 'object_id', 'state__name'],
                        'indexes': [models.Index(fields=['state', 'content_type'], name='share_reader'), models.Index(fields=['content_type', 'object_id'], name='share_record')],
                        'constraints': [models.UniqueConstraint(fields=('content_type', 'object_id', 'state'), name='share_one_per_state')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='auditevent', table=None),
        migrations.AlterModelTable(name='share', table=None),
        migrations.RenameIndex(
            model_name='auditevent', new_name='audit_target', old_name='accounts_au_target__6d660f_idx'
        ),
    ]
