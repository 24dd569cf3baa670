import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import type { Router } from 'express';
import type { Deps } from '../../http/context.js';
import { pageSchema } from '../../http/pagination.js';
import { addRoute, created, ok } from '../../http/route.js';
import { CERTIFICATION_EXAMPLES, CertificationBody, CREATE_VENDOR_EXAMPLES, CreateVendorBody, ListVendorsQuery, VendorCodeParams, VendorSchema } from './vendors.schemas.js';
import { addCertification, createVendor, getVendor, listVendors } from './vendors.service.js';

export function registerVendorRoutes(router: Router, registry: OpenAPIRegistry, deps: Deps) {
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/vendors',
    tag: 'Downstream',
    summary: 'Register a downstream vendor (recycler, energy-recovery plant, landfill) with its certificates',
    access: ['operator'],
    body: CreateVendorBody,
    bodyExamples: CREATE_VENDOR_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The vendor', schema: VendorSchema } },
    errors: ['vendor.duplicate'],
    handler: ({ body, ctx }) => created(createVendor(deps, ctx, body)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/vendors',
    tag: 'Downstream',
    summary: 'List vendors, newest first, with their certification state today',
    access: 'any',
    query: ListVendorsQuery,
    responses: { 200: { description: 'A page of vendors', schema: pageSchema(VendorSchema) } },
    errors: ['request.invalid_cursor'],
    handler: ({ query }) => ok(listVendors(deps, query)),
  });
  addRoute(router, registry, deps, {
    method: 'get',
    path: '/vendors/:code',
    tag: 'Downstream',
    summary: 'A vendor: its certificates, whether it is certified today and when the current certificate expires',
    access: 'any',
    params: VendorCodeParams,
    responses: { 200: { description: 'The vendor', schema: VendorSchema } },
    errors: ['vendor.not_found'],
    handler: ({ params }) => ok(getVendor(deps, params.code)),
  });
  addRoute(router, registry, deps, {
    method: 'post',
    path: '/vendors/:code/certifications',
    tag: 'Downstream',
    summary: 'Add a certificate to a vendor (certificates are never edited or deleted)',
    access: ['operator'],
    params: VendorCodeParams,
    body: CertificationBody,
    bodyExamples: CERTIFICATION_EXAMPLES,
    creates: true,
    responses: { 201: { description: 'The vendor with the certificate added', schema: VendorSchema } },
    errors: ['vendor.not_found', 'vendor.certification_duplicate'],
    handler: ({ params, body, ctx }) => created(addCertification(deps, ctx, params.code, body)),
  });
}
