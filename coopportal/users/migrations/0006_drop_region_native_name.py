# A region's name in its own language is now its translated column (`name_kk`, `name_fa`; filled by 0005).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("users", "0005_fill_region_names")]

    operations = [migrations.RemoveField(model_name="region", name="native_name")]
