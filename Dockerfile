# The Social CRM addons on the official Odoo 18 image. Our Python requirements are installed
# here, at build time; docker/start.sh installs the addons on the first start and updates
# them on every later one. See docker-compose.yml and README.md ("Run it with Docker").
FROM odoo:18.0

USER root
COPY requirements.txt /tmp/social-crm-requirements.txt
RUN pip3 install --no-cache-dir --break-system-packages -r /tmp/social-crm-requirements.txt \
    && rm /tmp/social-crm-requirements.txt
COPY docker/odoo.conf /etc/odoo/social-crm.conf
COPY --chmod=755 docker/start.sh /usr/local/bin/social-crm-start
# every addon of the repository (tests/test_packaging.py keeps this list whole): the
# bridges are auto_install, so installing Email Marketing, Website or Timesheets from the
# Apps menu brings theirs only if it is on the addons path
COPY social_interest /mnt/extra-addons/social_interest
COPY social_listening /mnt/extra-addons/social_listening
COPY social_maturity /mnt/extra-addons/social_maturity
COPY social_interest_link_tracker /mnt/extra-addons/social_interest_link_tracker
COPY social_interest_mass_mailing /mnt/extra-addons/social_interest_mass_mailing
COPY social_interest_website /mnt/extra-addons/social_interest_website
COPY social_interest_timesheet /mnt/extra-addons/social_interest_timesheet
COPY social_interest_livechat /mnt/extra-addons/social_interest_livechat
COPY social_interest_sale /mnt/extra-addons/social_interest_sale
USER odoo

HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://localhost:8069/web/health"]
ENTRYPOINT ["/usr/local/bin/social-crm-start"]
