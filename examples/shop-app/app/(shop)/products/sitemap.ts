import type { MetadataRoute } from 'next'

// One sitemap per 50,000 products: /products/sitemap/0.xml, /products/sitemap/1.xml, ...
export async function generateSitemaps() {
  return [{ id: 0 }, { id: 1 }]
}

export default async function sitemap({ id }: { id: number }): Promise<MetadataRoute.Sitemap> {
  return [{ url: `https://shop.example.com/products?page=${id}` }]
}
