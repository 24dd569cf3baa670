// Started from a file, not inline: the page's Content-Security-Policy allows no inline script.
// validatorUrl null: Swagger UI would otherwise load a badge from another origin.
window.ui = window.SwaggerUIBundle({ url: '/api/v1/openapi.json', dom_id: '#swagger-ui', persistAuthorization: false, validatorUrl: null });
