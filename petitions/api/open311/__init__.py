"""Open311 GeoReport v2 at /open311/v2/ (http://wiki.open311.org/GeoReport_v2): the same intake and
the same public tracking as /w/<code>/submit/ and /track/<code>/, spoken in the civic-tech
standard. Services are our active categories, a service request is a petition, its
service_request_id is the petition's tracking code. JSON and XML, by suffix or ?format=.

Here, inside petitions, because it is only another surface of petitions' own intake and tracking
(petitions.api.views.api_intake_submit, petitions.selectors.public); see docs/api.md."""
