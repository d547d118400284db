handbookSearchLoaded("terms/na",{"natural":[12,1]});
