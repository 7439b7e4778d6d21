import Link from 'next/link'
import type { Product } from '../_lib/catalog'

// Private folder (_components): never a route, even with a page.tsx inside.
export function ProductCard({ product }: { product: Product }) {
  return (
    <article>
      <Link href={`/products/${product.id}`}>{product.name}</Link>
      <span>{product.price.toFixed(2)} €</span>
    </article>
  )
}
