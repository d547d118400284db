handbookSearchLoaded("terms/ex",{"example":[8,1],"expert":[2,6]});
