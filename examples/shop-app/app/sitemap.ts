import type { MetadataRoute } from 'next'

export const revalidate = 3600

export default function sitemap(): MetadataRoute.Sitemap {
  return ['', '/about', '/blog', '/products'].map((path) => ({
    url: `https://shop.example.com${path}`,
    changeFrequency: 'daily',
  }))
}
